import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase, rowsOf, unixSocketOf } from "../../src/db/client.js";
import { serverUrl } from "../helpers/backends.js";
import { missing, skipUnless } from "../helpers/skip.js";

const SOCKET_DIR = "/var/run/postgresql";

describe("DATABASE_URL with a Unix socket (libpq's ?host=/dir)", () => {
  it("takes a directory host out of the URL and hands it to the driver apart", () => {
    expect(unixSocketOf("postgres://app@localhost:5433/news?host=/var/run/postgresql")).toEqual({
      url: "postgres://app@localhost:5433/news",
      socketDir: "/var/run/postgresql",
    });
    expect(
      unixSocketOf("postgres://app@localhost/news?sslmode=disable&host=%2Ftmp%2Fpg").socketDir,
    ).toBe("/tmp/pg");
  });

  it("leaves TCP URLs, and a host parameter that is not a directory, as they are", () => {
    for (const url of [
      "postgres://app@db.example.org:5432/news",
      "postgres://app@localhost/news?host=db.example.org",
    ]) {
      expect(unixSocketOf(url)).toEqual({ url, socketDir: undefined });
    }
  });

  it(
    "connects through the socket of the test server",
    skipUnless(
      missing.postgres(),
      missing.file(`${SOCKET_DIR}/.s.PGSQL.5432`, "no PostgreSQL socket"),
    ),
    async () => {
      const tcp = new URL(serverUrl() as string);
      const url = `postgres://${tcp.username}@localhost${tcp.pathname}?host=${SOCKET_DIR}`;
      const database = await openDatabase({ url, poolSize: 1 });
      try {
        const result = await database.db.execute(
          sql`select inet_server_addr() is null as over_socket`,
        );
        expect(rowsOf<{ over_socket: boolean }>(result)).toEqual([{ over_socket: true }]);
      } finally {
        await database.close();
      }
    },
  );
});
