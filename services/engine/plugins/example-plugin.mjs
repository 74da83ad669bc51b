// Example engine plugin (plain ESM, no imports). Load it with
//   F8_OPERATOR_RUNTIME_MODULES=/path/to/example-plugin.mjs
// See README.md in this folder for the API.

/** @param {{ register(def: { spec: object, create(init: { nodeId: string, state: object }): object }): void }} api */
export function register(api) {
  api.register({
    spec: {
      operatorClass: 'example.square',
      label: 'Square',
      version: '0.1.0',
      description: 'y = x * x (a non-numeric x gives null).',
      tags: ['math', 'example'],
      dataInPorts: [{ name: 'x', valueSchema: { type: 'number' }, description: 'Input.' }],
      dataOutPorts: [{ name: 'y', valueSchema: { type: ['number', 'null'] }, description: 'x squared.' }],
    },
    create() {
      return {
        output(_port, ctx) {
          const x = ctx.input('x');
          return typeof x === 'number' && Number.isFinite(x * x) ? x * x : null;
        },
      };
    },
  });
}
