import { SaxesParser, type SaxesTagPlain } from 'saxes';

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: XmlElement[];
}

/**
 * Parses with saxes, a strict XML 1.0 parser: it rejects what XML forbids
 * (a second `]]>`, a bare `<` or `&`, control characters), where lenient
 * parsers such as @xmldom/xmldom and fast-xml-parser's validator let such
 * documents through.
 */
export function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser();
  const root: XmlElement = { name: '', attributes: {}, text: '', children: [] };
  const stack = [root];
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const element = { name: tag.name, attributes: tag.attributes, text: '', children: [] };
    stack[stack.length - 1].children.push(element);
    stack.push(element);
  });
  parser.on('text', (text) => (stack[stack.length - 1].text += text));
  parser.on('closetag', () => stack.pop());
  parser.write(xml).close();
  return root.children[0];
}
