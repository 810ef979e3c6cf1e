// PostGraphile v5 (amber preset, connection filter) over the bench database, for
// `npm run bench -- --peers`. Started by tests/bench/peers/postgraphile.ts with the Node 22 of
// this folder; plain JavaScript, so that it runs without the project's tsx.
//
// Environment: DATABASE_URL (required), PORT (0: any free one), PG_POOL_SIZE (default 10, the
// project's DATABASE_POOL_SIZE default). Prints one JSON line {"url": "http://…"} once it listens.
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

const connectionString = process.env.DATABASE_URL;
if (!connectionString) {
  process.stderr.write("postgraphile peer: DATABASE_URL is required\n");
  process.exit(2);
}

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  pgServices: [
    makePgService({
      connectionString,
      schemas: ["public"],
      poolConfig: { max: Number(process.env.PG_POOL_SIZE || 10) },
    }),
  ],
  grafserv: { graphqlPath: "/graphql", watch: false, graphiql: false },
  grafast: { explain: false },
  // Order and filter by any column, as the bench's queries need (amber otherwise offers only
  // indexed ones; the v4 preset's ignoreIndexes does the same).
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  schema: {
    // Filters through relations (an event's end, a poll's opening and closing times).
    connectionFilterRelations: true,
  },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (error) => {
  process.stderr.write(`postgraphile peer: ${error.message}\n`);
  process.exit(1);
});
await serv.addTo(server);
// The same socket timeouts as the project's server (src/server.ts).
server.headersTimeout = 15_000;
server.requestTimeout = 60_000;
server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.PORT || 0), "127.0.0.1", () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});

const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.on("SIGTERM", () => void stop());
process.on("SIGINT", () => void stop());
