/** `cairn serve`: runs a node, with the web console on its HTTP port (/ui), until SIGTERM or SIGINT, then stops it and exits 0. */
import { consoleRoute } from '../console/http.js';
import { CONFIG_FILE_ENV, CONFIG_FILE_FLAG, describeFields, loadNodeConfig } from '../config/index.js';
import type { FlagSpec, FlagSpecs } from './args.js';
import { defineCommand } from './command.js';
import { EXIT_OK } from './output.js';

const SERVE_FLAGS: FlagSpecs = Object.fromEntries([
  [CONFIG_FILE_FLAG, { type: 'string', valueName: 'FILE', help: `JSON config file (env ${CONFIG_FILE_ENV})` } satisfies FlagSpec],
  ...describeFields().map((field): [string, FlagSpec] => {
    const defaultText = field.defaultValue === undefined ? '' : `, default ${field.defaultValue}`;
    return [field.flag, { type: 'string', valueName: field.placeholder, help: `${field.help} (env ${field.env}${defaultText})` }];
  }),
]);

export const serve = defineCommand({
  name: 'serve',
  summary: 'run a node (no --peers: a single-node cluster with data in ./data)',
  positionals: [],
  flags: SERVE_FLAGS,
  run: async ({ flags, io }) => {
    const config = loadNodeConfig({ flags: flags as Readonly<Record<string, string | undefined>>, env: io.env });
    const { startNode } = await io.loadServer();
    // The web console is an SDK program reading the cluster through this node's own client port. It
    // verifies the node but presents no certificate: the node's own would let every visitor of the
    // HTTP port act as the node, past authentication and ACLs.
    const tls = config.tls === undefined ? undefined : { caFile: config.tls.caFile };
    const ui = consoleRoute({ broker: config.advertisedAddress, tls, nodeId: config.nodeId, authentication: config.auth.enabled });
    const node = await startNode(config, { httpRoutes: [ui] });
    await new Promise<string>((resolve) => io.onStopSignal(resolve));
    await node.stop();
    await ui.close();
    return EXIT_OK;
  },
});
