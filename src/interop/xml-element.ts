// One XML document as a plain tree of elements, parsed by fast-xml-parser after its validator has
// found it well formed (the parser alone is lenient and would guess at broken input). Document
// type declarations are refused: CoT has no use for them and they are how entity bombs get in.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XmlElement {
  name: string;
  attributes: Readonly<Record<string, string>>;
  children: XmlElement[];
  /** The element's own text, trimmed; '' when it has none. */
  text: string;
}

const ATTRIBUTES = '$';
const TEXT = '#text';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  attributesGroupName: ATTRIBUTES,
  textNodeName: TEXT,
  // Every element as a list, so that repeated elements (a shape's <link>s) keep their order.
  isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
  parseAttributeValue: false,
  parseTagValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  htmlEntities: false,
});

/** The document's root element, or why it is not well-formed XML. */
export function parseXmlDocument(xml: string): XmlElement | { error: string } {
  if (xml.includes('<!DOCTYPE')) return { error: 'document type declarations are not accepted' };
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return { error: `${valid.err.msg} (line ${valid.err.line}, column ${valid.err.col})` };
  const roots = Object.entries(parser.parse(xml) as Record<string, unknown[]>).flatMap(([name, nodes]) =>
    nodes.map((node) => toElement(name, node)),
  );
  const [root, ...others] = roots;
  if (root === undefined || others.length > 0) return { error: 'a document has exactly one root element' };
  return root;
}

function toElement(name: string, node: unknown): XmlElement {
  if (typeof node !== 'object' || node === null) {
    return { name, attributes: {}, children: [], text: String(node ?? '').trim() };
  }
  const element: XmlElement = { name, attributes: {}, children: [], text: '' };
  for (const [key, value] of Object.entries(node)) {
    if (key === ATTRIBUTES) element.attributes = value as Record<string, string>;
    else if (key === TEXT) element.text = String(value).trim();
    else for (const child of value as unknown[]) element.children.push(toElement(key, child));
  }
  return element;
}

/** The first child element of that name. */
export function childElement(parent: XmlElement, name: string): XmlElement | undefined {
  return parent.children.find((child) => child.name === name);
}

/** Every child element of that name, in document order. */
export function childElements(parent: XmlElement, name: string): XmlElement[] {
  return parent.children.filter((child) => child.name === name);
}
