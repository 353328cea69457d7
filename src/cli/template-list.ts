// `deconflict templates`: the hotline's templates with their fields, in the reader's language, so an
// officer composing `deconflict send --template … --field name=value` knows what each asks for.
import { type Command, Option } from 'commander';
import { LANGUAGES } from '../hotline/templates.js';
import { asOperator, client } from './operator-options.js';
import { print } from './print-json.js';
import { textTable } from './text-table.js';

interface TemplateListing {
  name: string;
  kinds: string[];
  title: string;
  hub_notice: boolean;
  fields: { name: string; type: string; required: boolean; label: string; choices?: { value: string }[] }[];
}

/** A field as an officer gives it: `name=<type>`, the values of a choice, and `?` when it may be left out. */
const fieldText = (field: TemplateListing['fields'][number]) =>
  `${field.name}=<${field.choices ? field.choices.map((choice) => choice.value).join('|') : field.type}>` +
  (field.required ? '' : '?');

export function templateListCommand(program: Command): void {
  asOperator(program.command('templates'))
    .description('list the hotline’s templates, the kinds of message each goes with, and their fields')
    .addOption(
      new Option('--lang <language>', 'the language titles are shown in').choices(LANGUAGES).default('en'),
    )
    .option('--json', 'print the hub’s answer as JSON, with each field’s label')
    .action(async (options) => {
      const { templates } = await client(options).get<{ templates: TemplateListing[] }>(
        `/v1/hotline/templates?lang=${options.lang}`,
      );
      if (options.json) return print({ templates });
      // The hub's own notices are not for officers to send: they are listed apart, for reading.
      const rows = [...templates]
        .sort((a, b) => Number(a.hub_notice) - Number(b.hub_notice))
        .map((template) => [
          template.name,
          template.kinds.join(','),
          template.hub_notice ? `${template.title} (the hub’s own)` : template.title,
          template.fields.map(fieldText).join(' '),
        ]);
      console.log(textTable(['NAME', 'KINDS', 'TITLE', 'FIELDS (? MAY BE LEFT OUT)'], rows));
    });
}
