/**
 * Names in Chinese, Japanese and Korean sentences, one row each of the subject table: the subject
 * before its particle, or before the signing verb and its modal; "we" in front of it goes; "the
 * following groups" and sentences without a signing verb name nobody. Sentences written for these tests.
 */
import { SUBJECT_ROWS } from '../../../src/mail/lexicon/signing';
import { placeOf } from '../../../src/mail/country';
import type { Address } from '../../../src/mail/types';
import { extractFrom } from './extract-input.helper';

const run = extractFrom;
const SENDER: Address = { address: 'someone@gmail.com', name: 'S' };

const NAMED: Record<string, Array<[string, string]>> = {
  ja: [
    ['大阪平和の会は、このアピールに賛同します。', '大阪平和の会'],
    ['私たち京都平和ネットワークは、アピールを支持します。', '京都平和ネットワーク'],
    ['このたび、神戸平和フォーラムがアピールに署名いたします。', '神戸平和フォーラム'],
  ],
  ko: [
    ['부산평화연대는 호소문을 지지합니다.', '부산평화연대'],
    ['저희 서울 평화 네트워크는 이 호소문에 서명합니다.', '서울 평화 네트워크'],
    ['광주노동조합이 호소문에 동참합니다.', '광주노동조합'],
    ['저희 단체 평화연대는 이 호소문에 서명하고자 합니다.', '평화연대'],
  ],
  zh: [
    ['台北和平协会愿意联署这份呼吁。', '台北和平协会'],
    ['我们香港工会联盟正式签署这份呼吁。', '香港工会联盟'],
    ['高雄移工互助協會支持這份呼籲。', '高雄移工互助協會'],
  ],
};

describe('subjects in verb-final and topic-marked sentences', () => {
  it('has sentences written for each row', () => {
    expect(SUBJECT_ROWS.map((r) => r.lang).filter((l) => !NAMED[l])).toEqual([]);
  });

  it.each(Object.entries(NAMED).flatMap(([lang, cases]) => cases.map(([s, name]) => [lang, s, name] as const)))('%s: %s', (_lang, sentence, name) => {
    expect(run(SENDER, sentence).map((e) => e.organisation)).toEqual([name]);
  });

  it.each([
    ['ko', '우리는 호소문을 지지합니다.'],
    ['zh', '感谢您的支持。我们会讨论是否联署。'],
    ['zh', '本会决定加入联署。'],
    ['ja', '以下の団体がアピールに賛同します。'],
  ])('%s: no name in "%s" (a pronoun, thanks, a determiner)', (_lang, sentence) => {
    expect(run(SENDER, sentence).map((e) => e.signerType)).toEqual(['individual']);
  });

  it('takes a name that starts with a place for a name, not a place ("香港" is a country and a city)', () => {
    expect(placeOf('香港工会联盟')).toBeNull();
    expect(placeOf('香港')?.code).toBe('HK');
  });

  it('ko: the writer signs with the name and 드림; the organisation under it is no person', () => {
    const got = run({ address: 'info@peace.or.kr', name: '' }, '부산평화연대는 호소문을 지지합니다.', '감사합니다.\n김민수 드림\n부산평화연대');
    expect(got.map((e) => [e.organisation, e.contactName])).toEqual([['부산평화연대', '김민수']]);
  });

  it('reads a salutation with an honorific as the reader, not the writer', () => {
    const got = run({ address: 'info@heiwa.jp', name: '' }, '', 'ご担当者様\n\n大阪平和の会');
    expect(got.map((e) => e.contactName)).toEqual([null]);
  });
});
