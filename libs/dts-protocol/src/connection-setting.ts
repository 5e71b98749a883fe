/**
 * The app setting (environment variable) a DTS app reads its connection string from: the DTS SDKs' samples,
 * the Durable extension's default `connectionStringName`, and every host here. Parsing it belongs to
 * @durable-hosts/dts-connection; the name is here so that code which only names it (the emulator, the HTTP
 * API's `connection=` echo) needs nothing more.
 */
export const CONNECTION_STRING_SETTING = 'DURABLE_TASK_SCHEDULER_CONNECTION_STRING';
