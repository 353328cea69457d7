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
