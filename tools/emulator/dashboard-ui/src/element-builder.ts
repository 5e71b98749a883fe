// Builds DOM nodes. Strings always become text nodes, so instance data can never become markup;
// event-handler attributes are refused outright.
export type Child = Node | string | number | null | undefined | false | Child[];

export interface Props {
  class?: string;
  title?: string;
  attrs?: Record<string, string | number | boolean | undefined>;
  data?: Record<string, string>;
  style?: Partial<Record<'width' | 'left' | 'height' | 'top' | 'transform' | 'background' | 'color', string>>;
  on?: Partial<{ [K in keyof HTMLElementEventMap]: (event: HTMLElementEventMap[K]) => void }>;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, ...child);
    else if (child instanceof Node) parent.appendChild(child);
    else parent.appendChild(document.createTextNode(String(child)));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props | null = null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props) {
    if (props.class) el.className = props.class;
    if (props.title) el.title = props.title;
    for (const [name, value] of Object.entries(props.attrs ?? {})) {
      if (/^on/i.test(name)) throw new Error(`Refusing to set the event-handler attribute '${name}'.`);
      if (value === undefined || value === false) continue;
      el.setAttribute(name, value === true ? '' : String(value));
    }
    for (const [key, value] of Object.entries(props.data ?? {})) el.dataset[key] = value;
    for (const [key, value] of Object.entries(props.style ?? {})) if (value !== undefined) el.style.setProperty(key, value);
    for (const [type, listener] of Object.entries(props.on ?? {})) el.addEventListener(type, listener as EventListener);
  }
  append(el, ...children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg(tag: string, attrs: Record<string, string | number>, ...children: Child[]): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, String(value));
  append(el, ...children);
  return el;
}

export function clear(el: Element): void {
  el.replaceChildren();
}
