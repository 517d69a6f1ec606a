import { SAMPLE_LIBRARY } from '../library/sample-library';

/** The question the practice chat shows as the user's. */
export const PRACTICE_QUESTION =
  'Tell me a story about a salt keeper, in the words of the original.';

/**
 * The practice chatbot's reply: framing words of its own around two sentences quoted from the
 * sample library, so some words are marked and some are not.
 */
export function practiceReply(): string {
  const story = SAMPLE_LIBRARY[0]?.text ?? '';
  const [first = ''] = story.split('\n\n');
  return `Here is how the story begins: ${first} I hope that helps with your reading.`;
}

/** The reply's words with the spaces after them, in the order they stream. */
export function replyWords(text: string): string[] {
  return text.match(/\S+\s*/g) ?? [];
}
