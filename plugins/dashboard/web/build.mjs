// Bundles the dashboard app and the vigil.js browser agent into the plugin's class path (argument 1), so the
// plugin jar carries everything it serves: no CDN at run time.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) {
  console.error('usage: node build.mjs <output directory>');
  process.exit(2);
}
await mkdir(out, { recursive: true });

const common = { bundle: true, minify: true, legalComments: 'none', logLevel: 'warning', target: ['es2020'] };

// The app: one script and one stylesheet (uPlot's CSS is imported by the app's stylesheet).
await build({ ...common, entryPoints: { app: 'src/app/main.js' }, outdir: out, format: 'esm' });
await build({ ...common, entryPoints: { app: 'src/app/styles.css' }, outdir: out });
await copyFile('src/app/index.html', join(out, 'index.html'));
await copyFile('src/app/favicon.svg', join(out, 'favicon.svg'));

// The agent runs on other people's pages: an IIFE that defines nothing global but window.vigil.
await build({ ...common, entryPoints: { vigil: 'src/agent/vigil.js' }, outdir: out, format: 'iife' });

// Licences of what is bundled travel with it.
const notices = [];
for (const pkg of ['uplot', 'web-vitals']) {
  const meta = JSON.parse(await readFile(join('node_modules', pkg, 'package.json'), 'utf8'));
  let licence = '';
  for (const name of ['LICENSE', 'LICENSE.txt', 'LICENSE.md']) {
    try { licence = await readFile(join('node_modules', pkg, name), 'utf8'); break; } catch { /* next name */ }
  }
  notices.push(`${meta.name} ${meta.version} (${meta.license})\n\n${licence}`);
}
await writeFile(join(out, 'THIRD-PARTY-NOTICES.txt'), notices.join('\n\n----\n\n'));
console.log(`dashboard web bundled into ${out}`);
