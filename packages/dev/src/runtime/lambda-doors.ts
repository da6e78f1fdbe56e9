/** The AWS front doors `@faas-grip/aws-lambda/local` can play. */
export const lambdaDoors = ['rest', 'http-api', 'function-url', 'alb'] as const;
export type LambdaDoor = (typeof lambdaDoors)[number];
