// One Server-Sent Events connection per task hub tells the open view which instances changed; the
// pause switch (remembered across reloads) stops the view from refreshing.
import { api } from './api-client.js';

type Listener = (ids: readonly string[]) => void;

const PAUSE_KEY = 'dts-dashboard.paused';

class LiveUpdates {
  private source: EventSource | undefined;
  private hub: string | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly stateListeners = new Set<() => void>();
  paused = localStorage.getItem(PAUSE_KEY) === 'true';
  connected = false;

  connect(hub: string): void {
    if (this.hub === hub && this.source) return;
    this.source?.close();
    this.hub = hub;
    const source = new EventSource(api.changesUrl(hub));
    this.source = source;
    source.addEventListener('ready', () => this.setConnected(true));
    source.addEventListener('error', () => this.setConnected(false));
    source.addEventListener('change', (event) => {
      if (this.paused) return;
      const data = JSON.parse((event as MessageEvent<string>).data) as { ids: string[] };
      for (const listener of this.listeners) listener(data.ids);
    });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: () => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
    localStorage.setItem(PAUSE_KEY, String(paused));
    for (const l of this.stateListeners) l();
    if (!paused) for (const listener of this.listeners) listener([]);
  }

  private setConnected(connected: boolean): void {
    if (this.connected === connected) return;
    this.connected = connected;
    for (const l of this.stateListeners) l();
  }
}

export const live = new LiveUpdates();
