// `npm run spine -- [flags]`: starts the loopback Spine on 127.0.0.1 and prints its URLs.
// Bad flags stop it with a message and exit code 2 (flags: cliArgs.ts, docs/loopback-spine.md).

import { parseCli, USAGE, type CliOptions } from './cliArgs';
import { createSpineServer } from './server';

async function main(): Promise<void> {
  let options: CliOptions;
  try {
    options = parseCli(process.argv.slice(2));
  } catch (error) {
    console.error(`spine: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
  const { quiet, help, ...serverOptions } = options;
  if (help) {
    console.log(USAGE);
    return;
  }
  const spine = await createSpineServer({
    ...serverOptions,
    ...(quiet ? {} : { log: (line: string) => console.log(`${new Date().toISOString()} ${line}`) }),
  }).catch((error: unknown) => {
    console.error(`spine: cannot start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
  const config = spine.config();
  console.log(`Loopback Spine listening on ${spine.url}`);
  const limits = [
    config.rateLimitPerSecond > 0 ? `SpikeArrest ${config.rateLimitPerSecond}/s` : 'no SpikeArrest',
    config.quotaPerMinute > 0 ? `Quota ${config.quotaPerMinute}/min` : 'no Quota',
  ];
  console.log(`  POST ${spine.bundleUrl}   (level ${config.level}, ${limits.join(', ')}, CORS ${config.cors})`);
  console.log(`  POST ${spine.tokenUrl}${config.acceptAnyToken ? '   (any bearer token accepted)' : ''}`);
  console.log(`  test endpoints under ${spine.url}/_test/ (docs/loopback-spine.md)`);
  const stop = (): void => {
    void spine.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

await main();
