// Structured messages: each template names typed fields, checked when sent, and is rendered in the
// reader's language from the same data — so a position is the same numbers for every party and is
// never retyped by a translator. Free text travels alongside, as written.
import { parseRfc3339 } from '../geo/rfc3339.js';
import type { MessageKind } from './message-schema.js';

export const LANGUAGES = ['en', 'ru', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];

/** What a template field holds: its value is checked, and rendered, by its type. */
export const FIELD_TYPES = [
  'text',
  'position',
  'time',
  'integer',
  'declaration',
  'declarations',
  'area',
  'choice',
  'party',
] as const;
type FieldType = (typeof FIELD_TYPES)[number];
type Labels = Record<Language, string>;

interface TemplateField {
  type: FieldType;
  required: boolean;
  label: Labels;
  /** For a choice: each value the field may take, and its words in each language. */
  choices?: Record<string, Labels>;
}

export interface Template {
  name: string;
  kinds: readonly MessageKind[];
  /** Written by the hub itself (a conflict, an alert, an expiry, an incident): not one an officer composes. */
  hubNotice?: true;
  title: Labels;
  fields: Record<string, TemplateField>;
}

const field = (type: FieldType, required: boolean, en: string, ru: string, ar: string): TemplateField => ({
  type,
  required,
  label: { en, ru, ar },
});

/** A field whose value is one of a few codes, sent as the code and read in the reader's words. */
const choice = (
  required: boolean,
  [en, ru, ar]: [string, string, string],
  choices: Record<string, Labels>,
): TemplateField => ({ type: 'choice', required, label: { en, ru, ar }, choices });

const ALL: Template[] = [
  {
    name: 'conflict-notice',
    kinds: ['notification'],
    hubNotice: true,
    title: { en: 'Conflict notice', ru: 'Уведомление о конфликте', ar: 'إشعار بتعارض' },
    fields: {
      declaration: field('declarations', true, 'Your declarations', 'Ваши декларации', 'إعلاناتكم'),
      conflicting: field('declarations', true, 'Conflict with', 'Конфликтуют с', 'تتعارض مع'),
      other_party: field('party', true, 'Other party', 'Другая сторона', 'الطرف الآخر'),
      area: field('area', true, 'Area', 'Район', 'المنطقة'),
      from: field('time', true, 'From', 'С', 'من'),
      until: field('time', true, 'Until', 'До', 'حتى'),
      roster: field('text', true, 'Roster to call', 'Дежурная смена для связи', 'جهة الاتصال المناوبة'),
    },
  },
  {
    name: 'convoy-movement-notice',
    kinds: ['notification', 'coordination-request'],
    title: { en: 'Convoy movement notice', ru: 'Уведомление о движении колонны', ar: 'إشعار بحركة قافلة' },
    fields: {
      movement: field('declaration', true, 'Movement', 'Передвижение', 'التحرك'),
      departure: field('time', true, 'Departure', 'Отправление', 'المغادرة'),
      origin: field('position', true, 'From', 'Откуда', 'من'),
      destination: field('position', true, 'To', 'Куда', 'إلى'),
      vehicles: field('integer', true, 'Vehicles', 'Транспортные средства', 'المركبات'),
      personnel: field('integer', false, 'Personnel', 'Личный состав', 'الأفراد'),
      on_behalf_of: field('text', false, 'On behalf of', 'От имени', 'نيابةً عن'),
      origin_name: field('text', false, 'From (place)', 'Откуда (место)', 'من (المكان)'),
      destination_name: field('text', false, 'To (place)', 'Куда (место)', 'إلى (المكان)'),
      arrival: field('time', false, 'Arrival', 'Прибытие', 'الوصول'),
      plates: field('text', false, 'Plates', 'Номерные знаки', 'لوحات الأرقام'),
      markings: field('text', false, 'Markings', 'Опознавательные знаки', 'العلامات'),
      cargo: field('text', false, 'Cargo', 'Груз', 'الحمولة'),
      contact: field('text', false, 'Contact', 'Контакт', 'جهة الاتصال'),
      notes: field('text', false, 'Schedule notes', 'Примечания к графику', 'ملاحظات الجدول الزمني'),
    },
  },
  {
    name: 'stop-request',
    kinds: ['urgent-request'],
    title: { en: 'Request to stop', ru: 'Требование прекратить', ar: 'طلب إيقاف' },
    fields: {
      position: field('position', true, 'Position', 'Координаты', 'الموقع'),
      activity: field('text', true, 'Activity', 'Действие', 'النشاط'),
      declaration: field('declaration', false, 'Declaration', 'Декларация', 'الإعلان'),
      at_risk: field('text', false, 'At risk', 'Под угрозой', 'المعرضون للخطر'),
    },
  },
  {
    name: 'position-report',
    kinds: ['notification'],
    title: { en: 'Position report', ru: 'Донесение о местоположении', ar: 'تقرير موقع' },
    fields: {
      position: field('position', true, 'Position', 'Координаты', 'الموقع'),
      time: field('time', true, 'Time', 'Время', 'الوقت'),
      unit: field('text', true, 'Unit', 'Подразделение', 'الوحدة'),
    },
  },
  {
    name: 'track-alert',
    kinds: ['urgent-request', 'notification'],
    hubNotice: true,
    title: { en: 'Tactical alert', ru: 'Тактическое оповещение', ar: 'تنبيه تكتيكي' },
    fields: {
      alert: choice(true, ['Alert', 'Оповещение', 'التنبيه'], {
        'loss-of-separation': {
          en: 'Predicted loss of separation',
          ru: 'Прогноз потери эшелонирования',
          ar: 'فقدان فصل متوقع',
        },
        intrusion: { en: 'Intrusion', ru: 'Вторжение', ar: 'اختراق' },
        'non-conformance': {
          en: 'Outside its declared operation',
          ru: 'Вне заявленной операции',
          ar: 'خارج العملية المعلنة',
        },
      }),
      stage: choice(true, ['Stage', 'Этап', 'المرحلة'], {
        begin: { en: 'Begun', ru: 'Началось', ar: 'بدأ' },
        end: { en: 'Over', ru: 'Завершилось', ar: 'انتهى' },
      }),
      track: field('text', false, 'Track', 'Трек', 'المسار'),
      track_party: field('party', false, 'Party of the track', 'Сторона трека', 'طرف المسار'),
      position: field('position', false, 'Position', 'Координаты', 'الموقع'),
      other_track: field('text', false, 'Other track', 'Другой трек', 'المسار الآخر'),
      other_party: field('party', false, 'Other party', 'Другая сторона', 'الطرف الآخر'),
      other_position: field('position', false, 'Other position', 'Координаты другого', 'موقع الآخر'),
      other_roster: field(
        'text',
        false,
        'Roster to call',
        'Дежурная служба для связи',
        'جدول المناوبة للاتصال',
      ),
      bearing_deg: field(
        'integer',
        false,
        'Bearing to the other (°, rounded)',
        'Пеленг на другого (°, округлённо)',
        'الاتجاه نحو الآخر (°، تقريبي)',
      ),
      distance_m: field(
        'integer',
        false,
        'Distance to the other (m, rounded)',
        'Расстояние до другого (м, округлённо)',
        'المسافة إلى الآخر (م، تقريبية)',
      ),
      declaration: field('declaration', false, 'Declaration', 'Декларация', 'الإعلان'),
      time_to_loss_s: field(
        'integer',
        false,
        'Seconds to loss of separation',
        'Секунд до потери эшелонирования',
        'ثوانٍ حتى فقدان الفصل',
      ),
      horizontal_miss_m: field(
        'integer',
        false,
        'Predicted horizontal miss (m)',
        'Прогноз горизонтального расхождения (м)',
        'الفارق الأفقي المتوقع (م)',
      ),
      vertical_miss_m: field(
        'integer',
        false,
        'Predicted vertical miss (m)',
        'Прогноз вертикального расхождения (м)',
        'الفارق العمودي المتوقع (م)',
      ),
      reason: field('text', true, 'Reason', 'Причина', 'السبب'),
    },
  },
  {
    name: 'request-expired',
    kinds: ['notification'],
    hubNotice: true,
    title: {
      en: 'Urgent request not acknowledged by anyone',
      ru: 'Срочный запрос никем не подтверждён',
      ar: 'طلب عاجل لم يُقرّ به أحد',
    },
    fields: {
      message: field('text', true, 'Message', 'Сообщение', 'الرسالة'),
      sender: field('party', true, 'From', 'От', 'من'),
      recipient: field('text', true, 'To', 'Кому', 'إلى'),
      asked: field('text', true, 'Asked in turn', 'Запрошены по очереди', 'طُلب منهم بالتتابع'),
      expired: field('time', true, 'Expired at', 'Истёк в', 'انتهى في'),
    },
  },
  {
    name: 'incident-notice',
    kinds: ['notification'],
    hubNotice: true,
    title: { en: 'Incident reported', ru: 'Сообщение об инциденте', ar: 'إبلاغ عن حادث' },
    fields: {
      incident: field('text', true, 'Incident', 'Инцидент', 'الحادث'),
      reporter: field('party', true, 'Reported by', 'Сообщила сторона', 'أبلغ عنه'),
      position: field('position', true, 'Position', 'Координаты', 'الموقع'),
      from: field('time', true, 'From', 'С', 'من'),
      until: field('time', true, 'Until', 'До', 'حتى'),
      what: field('text', true, 'What happened', 'Что произошло', 'ما حدث'),
      links: field(
        'integer',
        true,
        'Entries of yours linked to it',
        'Связанные с ним ваши записи',
        'سجلاتكم المرتبطة به',
      ),
    },
  },
  {
    name: 'acknowledgment',
    kinds: ['reply'],
    title: { en: 'Acknowledgment', ru: 'Подтверждение', ar: 'إقرار بالاستلام' },
    fields: {
      message: field('text', true, 'Message', 'Сообщение', 'الرسالة'),
      action_taken: field('text', false, 'Action taken', 'Принятые меры', 'الإجراء المتخذ'),
    },
  },
  {
    name: 'action-taken',
    kinds: ['reply'],
    title: { en: 'Action taken', ru: 'Принятые меры', ar: 'الإجراء المتخذ' },
    fields: {
      message: field('text', true, 'Message', 'Сообщение', 'الرسالة'),
      action: field('text', true, 'What was done', 'Что сделано', 'ما تم فعله'),
      time: field('time', true, 'When', 'Когда', 'متى'),
      position: field('position', false, 'Position', 'Координаты', 'الموقع'),
    },
  },
];

export const TEMPLATES: ReadonlyMap<string, Template> = new Map(
  ALL.map((template) => [template.name, template]),
);

function isPosition(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    Math.abs(value[0]) <= 180 &&
    Math.abs(value[1]) <= 90
  );
}

function fieldProblem(spec: TemplateField, value: unknown): string | null {
  switch (spec.type) {
    case 'text':
    case 'party':
    case 'declaration':
      return typeof value === 'string' && value.length > 0 && value.length <= 500
        ? null
        : 'must be text of 1 to 500 characters';
    case 'declarations':
      return Array.isArray(value) &&
        value.length > 0 &&
        value.length <= 500 &&
        value.every((item) => typeof item === 'string' && item.length > 0 && item.length <= 500)
        ? null
        : 'must be a list of 1 to 500 declarations';
    case 'position':
      return isPosition(value) ? null : 'must be [longitude, latitude] in degrees, WGS84';
    case 'time':
      return typeof value === 'string' && parseRfc3339(value) !== null
        ? null
        : 'must be an RFC 3339 date-time';
    case 'integer':
      return Number.isSafeInteger(value) && (value as number) >= 0 ? null : 'must be a whole number ≥ 0';
    case 'area':
      return Array.isArray(value) &&
        value.every(
          (box) => Array.isArray(box) && box.length === 4 && box.every((x) => typeof x === 'number'),
        )
        ? null
        : 'must be a list of [west, south, east, north] boxes';
    case 'choice': {
      const codes = Object.keys(spec.choices ?? {});
      return typeof value === 'string' && codes.includes(value) ? null : `must be one of ${codes.join(', ')}`;
    }
  }
}

/** Every problem with a template and its fields, as [field name or "", reason]. */
export function templateProblems(
  kind: MessageKind,
  name: string,
  fields: Record<string, unknown>,
): [string, string][] {
  const template = TEMPLATES.get(name);
  if (!template) return [['', `no template ${name}; there are ${[...TEMPLATES.keys()].join(', ')}`]];
  const found: [string, string][] = [];
  if (!template.kinds.includes(kind))
    found.push(['', `${name} is for ${template.kinds.join(' or ')} messages`]);
  for (const [key, spec] of Object.entries(template.fields)) {
    if (fields[key] === undefined) {
      if (spec.required) found.push([key, 'required']);
      continue;
    }
    const problem = fieldProblem(spec, fields[key]);
    if (problem) found.push([key, problem]);
  }
  for (const key of Object.keys(fields))
    if (!(key in template.fields)) found.push([key, `is not a field of ${name}`]);
  return found;
}

function renderValue(spec: TemplateField, value: unknown, language: Language): string {
  const { type } = spec;
  if (type === 'choice') return spec.choices?.[value as string]?.[language] ?? String(value);
  if (type === 'position') {
    const [lon, lat] = value as [number, number];
    // Numbers as data, the same digits in every language: latitude, longitude, as on a map grid.
    return `${lat.toFixed(5)}, ${lon.toFixed(5)}`;
  }
  if (type === 'area') return (value as number[][]).map((box) => `[${box.join(', ')}]`).join(' ');
  if (type === 'declarations') return (value as string[]).join(', ');
  return String(value);
}

/** The message in `language`: its title and each field, labelled; values as sent, choices in its words. */
export function renderTemplate(name: string, fields: Record<string, unknown>, language: Language) {
  const template = TEMPLATES.get(name);
  if (!template) throw new Error(`no template ${name}`);
  return {
    title: template.title[language],
    direction: language === 'ar' ? 'rtl' : 'ltr',
    fields: Object.entries(template.fields)
      .filter(([key]) => fields[key] !== undefined)
      .map(([key, spec]) => ({
        name: key,
        type: spec.type,
        label: spec.label[language],
        value: renderValue(spec, fields[key], language),
        data: fields[key],
      })),
  };
}
