// The gateway (gateway.ts) in a process of its own, so that nothing else shares its event loop:
// started by gatewayProcess.ts with its options as JSON in GATEWAY_OPTIONS, it says its URL over
// IPC, answers each "stats" message with its counts and each "arrivals" with its arrivals, and exits when its parent disconnects
// (the parent closed it, ended or died).

import { startGateway, type GatewayOptions } from './gateway';

const options = JSON.parse(process.env['GATEWAY_OPTIONS'] ?? 'null') as GatewayOptions | null;
if (options === null) throw new Error('GATEWAY_OPTIONS is not set: start this with gatewayProcess.ts');
const gateway = await startGateway(options);
process.on('message', (message) => {
  if (message === 'stats') process.send?.({ kind: 'stats', stats: gateway.stats() });
  if (message === 'arrivals') process.send?.({ kind: 'arrivals', arrivals: gateway.arrivals() });
});
process.on('disconnect', () => {
  void gateway.close().finally(() => process.exit(0));
});
process.send?.({ kind: 'ready', url: gateway.url });
