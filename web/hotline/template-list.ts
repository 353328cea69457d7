// The hub's hotline templates with their fields, in the reader's language: read once per language.
import type { HubApi } from '../hub/hub-api.js';
import type { MessageView, TemplateView } from '../hub/views.js';
import { language } from '../i18n/language.js';

export class TemplateList {
  private readonly byLanguage = new Map<string, TemplateView[]>();

  constructor(private readonly api: HubApi) {}

  /** Reads the templates in the current language, unless already read. */
  async load(): Promise<void> {
    const lang = language();
    if (this.byLanguage.has(lang)) return;
    const { templates } = await this.api.get<{ templates: TemplateView[] }>(
      `/v1/hotline/templates?lang=${lang}`,
    );
    this.byLanguage.set(lang, templates);
  }

  /** Those an officer may send with a message of `kind`: none of the hub's own notices. */
  forKind(kind: MessageView['kind']): TemplateView[] {
    return (this.byLanguage.get(language()) ?? []).filter(
      (template) => !template.hub_notice && template.kinds.includes(kind),
    );
  }

  /**
   * The first position a message's template carries, as [longitude, latitude]; null if none. A
   * field's type is the same in every language, so the templates read in any will do.
   */
  positionOf(message: MessageView): [number, number] | null {
    const sent = message.message.template;
    const template = [...this.byLanguage.values()].flat().find((t) => t.name === sent?.name);
    for (const field of template?.fields ?? []) {
      const value = sent?.fields[field.name];
      if (field.type === 'position' && Array.isArray(value) && value.length === 2)
        return [Number(value[0]), Number(value[1])];
    }
    return null;
  }

  /** Whether the templates have been read in the current language. */
  get loaded(): boolean {
    return this.byLanguage.has(language());
  }
}
