// `npx nx run worker-host:client -- <command>` is the `durable` CLI (tools/cli): the same commands, options
// and exit codes, e.g. `start chaining_orchestration --wait`, `status <id>`, `raise <id> approval true`.
import '@durable-hosts/cli/main';
