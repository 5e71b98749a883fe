// What every page of the dashboard provides to the shell.
import type { Route } from '../routes.js';

export interface MountedView {
  element: HTMLElement;
  dispose(): void;
}

export interface ViewContext {
  route: Route;
  hubs: readonly string[];
}
