/** A small page to join the room, pick a nickname and chat. */
export const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>faas-grip chat</title>
<style>
  body { font: 16px/1.4 system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  #log { border: 1px solid #ccc; border-radius: 6px; height: 20rem; overflow-y: auto; padding: .5rem; margin: 1rem 0; }
  #log p { margin: .2rem 0; }
  #log .system { color: #777; font-style: italic; }
  form { display: flex; gap: .5rem; }
  input[name=text] { flex: 1; }
  #status { font-size: .9rem; color: #555; }
</style>
</head>
<body>
<h1>faas-grip chat</h1>
<p id="status" data-state="connecting">Connecting…</p>
<form id="nick-form">
  <input name="nick" placeholder="Nickname" autocomplete="off" required maxlength="32" pattern="[ -~]+" title="Printable ASCII">
  <button>Set nickname</button>
</form>
<div id="log" aria-live="polite"></div>
<form id="message-form">
  <input name="text" placeholder="Say something" autocomplete="off" required>
  <button>Send</button>
</form>
<script>
  const log = document.getElementById('log');
  const status = document.getElementById('status');
  function show(text, cls) {
    const p = document.createElement('p');
    p.textContent = text;
    if (cls) p.className = cls;
    log.append(p);
    log.scrollTop = log.scrollHeight;
  }
  const url = new URL(location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.pathname = '/chat';
  const ws = new WebSocket(url);
  ws.onopen = () => { status.textContent = 'Connected'; status.dataset.state = 'open'; };
  ws.onclose = (e) => {
    status.textContent = 'Disconnected (' + e.code + ')';
    status.dataset.state = 'closed';
  };
  ws.onmessage = (e) => show(e.data);
  document.getElementById('nick-form').onsubmit = (e) => {
    e.preventDefault();
    ws.send('/nick ' + e.target.nick.value);
  };
  document.getElementById('message-form').onsubmit = (e) => {
    e.preventDefault();
    ws.send(e.target.text.value);
    e.target.text.value = '';
  };
</script>
</body>
</html>
`;
