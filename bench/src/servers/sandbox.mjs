// The Skyport sandbox in its own process, for the rate-limit and throughput measurements. Options come from the
// environment (SANDBOX_RATE_LIMIT: Genesys API requests per token per minute). Prints one JSON line with the port
// and the seeded client credentials once it listens; SIGTERM closes it.
let startSandbox;
try {
  ({ startSandbox } = await import('@skyport/sandbox'));
} catch (error) {
  process.stdout.write(
    `${JSON.stringify({ available: false, reason: `@skyport/sandbox: ${error.message.split('\n')[0]}` })}\n`,
  );
  process.exit(0);
}

const sandbox = await startSandbox({
  port: 0,
  rateLimitPerMinute: Number(process.env.SANDBOX_RATE_LIMIT ?? 300),
});
process.stdout.write(
  `${JSON.stringify({
    available: true,
    port: Number(new URL(sandbox.url).port),
    clientId: sandbox.genesys.clientId,
    clientSecret: sandbox.genesys.clientSecret,
  })}\n`,
);
process.on('SIGTERM', () => {
  sandbox.close().then(() => process.exit(0));
});
