// Rank lists as launchers write them: "3", "0-2,5".

export function parseRankList(text: string): number[] | undefined {
  const ranks: number[] = [];
  for (const part of text.split(",")) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) return undefined;
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    for (let rank = from; rank <= to; rank++) ranks.push(rank);
  }
  return ranks;
}
