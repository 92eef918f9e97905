// The editor setup `careerbook init` writes, as VS Code's YAML extension
// sees it: yaml-language-server (the server that extension runs) is driven
// over LSP with the workspace settings from the handbook's
// .vscode/settings.json, and must validate every content file against the
// handbook's schema, including a file without a `$schema` line in a folder
// of its own, and leave files outside `content/` alone.
//
// Run by scripts/test.sh with CAREERBOOK_BIN set to a built careerbook.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.CAREERBOOK_BIN;

/** A yaml-language-server session on `root`, configured like VS Code would. */
function languageServer(root, yamlSettings) {
  const server = spawn(
    process.execPath,
    [path.join(here, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  let buf = Buffer.alloc(0);
  let id = 0;
  const pending = new Map();
  const diagnostics = new Map();
  const waiting = new Map();
  const send = (msg) => {
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...msg }));
    server.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    server.stdin.write(body);
  };
  server.stdout.on('data', (d) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const h = buf.indexOf('\r\n\r\n');
      if (h < 0) return;
      const len = Number(/Content-Length: (\d+)/.exec(buf.subarray(0, h).toString())[1]);
      if (buf.length < h + 4 + len) return;
      const msg = JSON.parse(buf.subarray(h + 4, h + 4 + len).toString());
      buf = buf.subarray(h + 4 + len);
      if (msg.id !== undefined && !msg.method && pending.has(msg.id)) {
        pending.get(msg.id)(msg.result);
        pending.delete(msg.id);
      } else if (msg.method === 'workspace/configuration') {
        send({ id: msg.id, result: msg.params.items.map((it) => (it.section === 'yaml' ? yamlSettings : null)) });
      } else if (msg.method === 'textDocument/publishDiagnostics') {
        diagnostics.set(msg.params.uri, msg.params.diagnostics);
        waiting.get(msg.params.uri)?.(msg.params.diagnostics);
      } else if (msg.id !== undefined && msg.method) {
        send({ id: msg.id, result: null });
      }
    }
  });
  const request = (method, params) => {
    const i = ++id;
    send({ id: i, method, params });
    return new Promise((r) => pending.set(i, r));
  };
  return {
    async start() {
      const rootUri = pathToFileURL(root).href;
      await request('initialize', {
        processId: process.pid,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
        capabilities: { workspace: { configuration: true } },
      });
      send({ method: 'initialized', params: {} });
      send({ method: 'workspace/didChangeConfiguration', params: { settings: { yaml: yamlSettings } } });
    },
    /** The diagnostics of a file, once the server has validated it. */
    async validate(file) {
      const uri = pathToFileURL(file).href;
      const got = new Promise((resolve) => {
        // The server publishes once the schema is loaded; a file it does
        // not validate gets an empty list (or nothing: then after 5 s).
        waiting.set(uri, (d) => { if (d.length) resolve(d); });
        setTimeout(() => resolve(diagnostics.get(uri) ?? []), 5000);
      });
      send({
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'yaml', version: 1, text: readFileSync(file, 'utf8') } },
      });
      return (await got).map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
    },
    stop() { server.kill(); },
  };
}

test('the settings init writes make the YAML language server validate content files', async (t) => {
  assert.ok(bin, 'set CAREERBOOK_BIN to a built careerbook');
  const tmp = mkdtempSync(path.join(tmpdir(), 'careerbook-yaml-ls-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const root = path.join(tmp, 'hb');
  execFileSync(bin, ['init', root], { stdio: 'ignore' });
  const settings = JSON.parse(readFileSync(path.join(root, '.vscode/settings.json'), 'utf8'));
  const sample = readFileSync(path.join(root, 'content/faq/questions.yaml'), 'utf8');
  assert.match(sample, /^# yaml-language-server: \$schema=/);
  const withoutModeline = sample.split('\n').slice(1).join('\n');
  // A misspelt field: the schema rejects it, so validation shows up.
  const typo = (text) => text.replace('    question: ', '    questoin: ');
  const write = (rel, text) => {
    const f = path.join(root, rel);
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, text);
    return f;
  };
  const files = {
    withModeline: write('content/faq/typo.yaml', typo(sample)),
    movedWithoutModeline: write('content/team/deeper/typo.yaml', typo(withoutModeline)),
    topWithoutModeline: write('content/typo.yaml', typo(withoutModeline)),
    outside: write('notes/typo.yaml', typo(withoutModeline)),
    clean: path.join(root, 'content/glossary/glossary.yaml'),
  };

  const ls = languageServer(root, { ...Object.fromEntries(
    Object.entries(settings).filter(([k]) => k.startsWith('yaml.')).map(([k, v]) => [k.slice(5), v]),
  ), validate: true });
  t.after(() => ls.stop());
  await ls.start();

  for (const name of ['withModeline', 'movedWithoutModeline', 'topWithoutModeline']) {
    const d = await ls.validate(files[name]);
    assert.ok(
      d.some((m) => m.includes('questoin')),
      `${name}: the misspelt field is not reported: ${JSON.stringify(d)}`,
    );
  }
  assert.deepEqual(await ls.validate(files.outside), [], 'a file outside content/ was validated');
  assert.deepEqual(await ls.validate(files.clean), [], 'a clean sample has diagnostics');
});
