/**
 * The feed's page: headlines arrive through `EventSource` on `/events`, and
 * the form posts a new one to `/publish`. The browser reconnects by itself
 * and sends the last id it saw, so nothing published meanwhile is missed.
 */
export const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>faas-grip live feed</title>
<style>
  body { font: 16px/1.4 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  #headlines { list-style: none; padding: 0; }
  #headlines li { border-bottom: 1px solid #eee; padding: .4rem 0; }
  #headlines time { color: #777; font-size: .85rem; margin-right: .5rem; }
  #headlines .note { color: #777; font-style: italic; }
  form { display: flex; gap: .5rem; }
  input[name=title] { flex: 1; }
  #status { font-size: .9rem; color: #555; }
</style>
</head>
<body>
<h1>faas-grip live feed</h1>
<p id="status" data-state="connecting">Connecting…</p>
<form id="publish">
  <input name="title" placeholder="A headline" autocomplete="off" required maxlength="200">
  <button>Publish</button>
</form>
<ul id="headlines" aria-live="polite"></ul>
<script>
  const list = document.getElementById('headlines');
  const status = document.getElementById('status');
  function add(text, at, cls) {
    const li = document.createElement('li');
    if (at) {
      const time = document.createElement('time');
      time.textContent = new Date(at).toLocaleTimeString();
      li.append(time);
    }
    li.append(text);
    if (cls) li.className = cls;
    list.prepend(li);
  }
  const source = new EventSource('events');
  source.onopen = () => { status.textContent = 'Live'; status.dataset.state = 'open'; };
  source.onerror = () => { status.textContent = 'Reconnecting…'; status.dataset.state = 'connecting'; };
  source.addEventListener('headline', (event) => {
    const { title, at } = JSON.parse(event.data);
    add(title, at);
  });
  // The server no longer has what this page missed: start over from now.
  source.addEventListener('reset', () => {
    list.replaceChildren();
    add('Older headlines are no longer available.', undefined, 'note');
  });
  document.getElementById('publish').onsubmit = async (event) => {
    event.preventDefault();
    const input = event.target.elements.title;
    const response = await fetch('publish', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: input.value }),
    });
    if (response.ok) input.value = '';
    else status.textContent = 'Could not publish: ' + (await response.text());
  };
</script>
</body>
</html>
`;
