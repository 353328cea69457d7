// Structured messages: fields checked when sent, and the same data rendered in English, Russian and
// Arabic — coordinates as the same digits in every language.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LANGUAGES, renderTemplate, templateProblems } from '../../src/hotline/templates.js';

const stop = { position: [40.1385, 35.2883], activity: 'air strike', at_risk: 'Syrian Arab Army positions' };

test('a stop request renders in each language with the position as data', () => {
  const titles = LANGUAGES.map((language) => renderTemplate('stop-request', stop, language).title);
  assert.deepEqual(titles, ['Request to stop', 'Требование прекратить', 'طلب إيقاف']);
  for (const language of LANGUAGES) {
    const rendered = renderTemplate('stop-request', stop, language);
    const position = rendered.fields.find((f) => f.name === 'position');
    assert.equal(position?.value, '35.28830, 40.13850');
    assert.deepEqual(position?.data, [40.1385, 35.2883]);
    assert.equal(rendered.direction, language === 'ar' ? 'rtl' : 'ltr');
  }
});

test('every problem with a template’s fields is named', () => {
  assert.deepEqual(templateProblems('urgent-request', 'stop-request', stop), []);
  assert.deepEqual(
    templateProblems('notification', 'stop-request', { position: [200, 10], extra: 1 }).sort(),
    [
      ['', 'stop-request is for urgent-request messages'],
      ['activity', 'required'],
      ['extra', 'is not a field of stop-request'],
      ['position', 'must be [longitude, latitude] in degrees, WGS84'],
    ],
  );
  assert.match(templateProblems('notification', 'poem', {})[0]?.[1] ?? '', /no template poem/);
});

test('a tactical alert names its kind and stage in the reader’s words, and refuses a kind it does not know', () => {
  const alert = {
    alert: 'loss-of-separation',
    stage: 'begin',
    time_to_loss_s: 27,
    reason: 'separation lost in 27 s; closest 0 m horizontally and 0 m vertically',
  };
  const read = (language: (typeof LANGUAGES)[number], name: string) =>
    renderTemplate('track-alert', alert, language).fields.find((f) => f.name === name);
  assert.deepEqual(
    LANGUAGES.map((language) => read(language, 'alert')?.value),
    ['Predicted loss of separation', 'Прогноз потери эшелонирования', 'فقدان فصل متوقع'],
  );
  assert.deepEqual(
    LANGUAGES.map((language) => read(language, 'stage')?.value),
    ['Begun', 'Началось', 'بدأ'],
  );
  assert.equal(read('ru', 'alert')?.data, 'loss-of-separation', 'the code travels as data');
  assert.deepEqual(templateProblems('urgent-request', 'track-alert', alert), []);
  assert.deepEqual(templateProblems('urgent-request', 'track-alert', { ...alert, alert: 'near miss' }), [
    ['alert', 'must be one of loss-of-separation, intrusion, non-conformance'],
  ]);
});
