// Run from the repository root: npx graphql-codegen --config docs/examples/typed-client/codegen.ts
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: "schema/schema.graphql",
  documents: ["docs/examples/typed-client/front-page.ts"],
  generates: {
    "docs/examples/typed-client/gql/": {
      preset: "client",
      config: {
        // The API's scalars as they arrive in JSON.
        scalars: { DateTime: "string", Date: "string" },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false },
    },
  },
  silent: true,
};

export default config;
