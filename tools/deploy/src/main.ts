// `package-host <project>`: builds what a deployment of one host takes. A Functions app (a folder with
// host.json) becomes a zip for Azure's zip deploy; any other host a folder with its Dockerfile.
//   node --import tsx tools/deploy/src/main.ts hosts/functions-host   → dist/deploy/functions-host.zip
//   node --import tsx tools/deploy/src/main.ts hosts/worker-host      → dist/deploy/worker-host/
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { packageFunctionsApp } from './functions-app-package.js';
import { packageNodeService } from './node-service-package.js';

const WORKSPACE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** Where artifacts go by default; anything there may be replaced by the next package. */
const DEPLOY_DIR = path.join(WORKSPACE_ROOT, 'dist', 'deploy');

/** An output folder must be new, empty, or an earlier artifact under dist/deploy (then it is replaced). */
function prepareFolder(folder: string): void {
  if (fs.existsSync(folder) && fs.readdirSync(folder).length > 0) {
    if (!folder.startsWith(DEPLOY_DIR + path.sep)) {
      throw new Error(`${folder} is not empty. Choose a new or empty folder with --out (only folders under ${DEPLOY_DIR} are replaced).`);
    }
    fs.rmSync(folder, { recursive: true, force: true });
  }
  fs.mkdirSync(folder, { recursive: true });
}

async function run(projectArg: string, options: { out?: string; entry?: string }): Promise<void> {
  const projectDir = path.resolve(projectArg);
  if (!fs.existsSync(path.join(projectDir, 'package.json'))) {
    throw new Error(`${projectDir} is not a project folder (no package.json). Pass a host folder such as hosts/worker-host.`);
  }
  const name = path.basename(projectDir);
  if (fs.existsSync(path.join(projectDir, 'host.json'))) {
    const zipFile = path.resolve(options.out ?? path.join(DEPLOY_DIR, `${name}.zip`));
    const built = await packageFunctionsApp(projectDir, zipFile, WORKSPACE_ROOT);
    console.log(`${path.relative(process.cwd(), zipFile)}: ${built.files.length} files (${built.files.join(', ')})`);
    console.log(`dependencies, installed by the remote build: ${Object.entries(built.dependencies).map(([n, v]) => `${n}@${v}`).join(', ')}`);
    console.log(`Deploy: az functionapp deployment source config-zip -g <group> -n <app> --src ${path.relative(process.cwd(), zipFile)} --build-remote true`);
    return;
  }
  const folder = path.resolve(options.out ?? path.join(DEPLOY_DIR, name));
  prepareFolder(folder);
  const built = await packageNodeService(projectDir, folder, WORKSPACE_ROOT, options.entry);
  console.log(`${path.relative(process.cwd(), folder)}/: ${built.files.join(', ')}`);
  console.log(`dependencies, installed by the Dockerfile: ${Object.entries(built.dependencies).map(([n, v]) => `${n}@${v}`).join(', ')}`);
  console.log(`Build the image: docker build -t ${name} ${path.relative(process.cwd(), folder) || '.'}`);
}

const program = new Command('package-host')
  .description('Builds a deployable artifact of a host: a zip for a Functions app (host.json), else a folder with a Dockerfile.')
  .argument('<project>', 'the host folder, e.g. hosts/functions-host')
  .option('--out <path>', `the zip file or folder to write (default ${path.relative(WORKSPACE_ROOT, DEPLOY_DIR)}/<project>[.zip])`)
  .option('--entry <file>', 'the entry point of a Node service, relative to the project (default src/main.ts)')
  .exitOverride()
  .action(run);

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
  console.error(`package-host: ${(error as Error).message}`);
  process.exit(1);
}
