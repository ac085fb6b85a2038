declare module 'wink-sentiment' {
  export default function sentiment(text: string): { score: number; normalizedScore: number };
}
