import { createHostLogger, hostLogLevel } from './host-logger.js';

describe('createHostLogger', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prefixes lines and demotes durabletask-js work-item chatter to debug', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    const logger = createHostLogger('worker-host', 'info');
    logger.logEvent('info', { eventId: 700, category: 'worker' }, 'Successfully connected');
    logger.logEvent('info', { eventId: 705, category: 'worker' }, 'Received Orchestrator Request work item');
    logger.logEvent('info', { eventId: 603, category: 'activity' }, "'say_hello' activity started.");
    logger.logEvent('info', { eventId: 604, category: 'activity' }, "'say_hello' activity completed.");
    logger.debug('replay detail');
    expect(lines).toEqual(['[worker-host] Successfully connected']);
  });

  it('keeps activity failures visible', () => {
    const lines: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
    createHostLogger('worker-host', 'info').logEvent('error', { eventId: 605, category: 'activity' }, "'x' failed.");
    expect(lines).toEqual(["[worker-host] 'x' failed."]);
  });

  it('shows debug lines with DURABLE_LOG_LEVEL=debug', () => {
    expect(hostLogLevel({ DURABLE_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(hostLogLevel({ DURABLE_LOG_LEVEL: 'loud' })).toBe('info');
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void lines.push(line));
    createHostLogger('x', 'debug').logEvent('info', { eventId: 705, category: 'worker' }, 'work item');
    expect(lines).toEqual(['[x] work item']);
  });

  it('writes warnings and errors to stderr', () => {
    const errors: string[] = [];
    vi.spyOn(console, 'warn').mockImplementation((line: string) => void errors.push(line));
    vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    const logger = createHostLogger('client', 'warn');
    logger.info('quiet');
    logger.warn('careful');
    logger.error('broken');
    expect(errors).toEqual(['[client] careful', '[client] broken']);
  });
});
