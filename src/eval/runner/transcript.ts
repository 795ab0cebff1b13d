/**
 * @module eval/runner/transcript
 * One exchange of a conversation as the runner tracks it (shared by call tracking and the
 * baselines' memory window).
 */

/** One finished exchange of the conversation being played. */
export interface TranscriptEntry {
  user: string;
  answer: string;
  agentId: string;
}
