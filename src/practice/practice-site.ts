import { defineSite } from '../sites/define-site';
import { PRACTICE_SITE_ID } from '../shared/practice-page';

/** The practice chat's own markup, read by the same reply pipeline as a chatbot site. */
export const practiceSite = defineSite({
  id: PRACTICE_SITE_ID,
  label: 'Practice chat',
  matches: [],
  replySelector: ['[data-practice-role="assistant"]'],
  streaming: { reply: ['[aria-busy="true"]'] },
});
