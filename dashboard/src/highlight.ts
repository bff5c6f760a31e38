// Marks, in an evidence sentence, the words the parser took from it (the name, the status
// phrase, amounts, places, companies), so a reader sees at a glance why a field has its value.
import type { Project } from "./gen/investtrack/v1/project_pb.js";

export interface Segment {
  text: string;
  marked: boolean;
}

// Terms shorter than two characters (a lone 市) would light up half of every sentence.
const minLength = 2;

export function extractedTerms(project: Project): string[] {
  const terms = [
    project.displayName,
    ...project.aliases,
    ...project.organizations,
    project.statusPhrase,
    project.level,
    project.projectCode,
    project.totalInvestmentAmount?.text ?? "",
    ...project.amounts.map((a) => a.text),
    ...project.capacities.map((c) => c.text),
    project.floorArea?.text ?? "",
    project.landArea?.text ?? "",
    project.location?.province ?? "",
    project.location?.city ?? "",
    project.location?.county ?? "",
    project.location?.zone ?? "",
    ...project.phases.map((p) => p.totalInvestment?.text ?? ""),
  ];
  return [...new Set(terms.map((t) => t.trim()).filter((t) => t.length >= minLength))];
}

// Splits the sentence into marked and plain runs. At each position the longest term wins, so
// 武乡县食品产业园项目 is one mark, not 武乡县 followed by the rest.
export function highlight(sentence: string, terms: readonly string[]): Segment[] {
  const sorted = [...terms].filter((t) => t.length > 0).sort((a, b) => b.length - a.length);
  const segments: Segment[] = [];
  let plain = "";
  let i = 0;
  while (i < sentence.length) {
    const term = sorted.find((t) => sentence.startsWith(t, i));
    if (term) {
      if (plain) segments.push({ text: plain, marked: false });
      plain = "";
      const last = segments[segments.length - 1];
      // Adjacent terms read as one highlighted phrase.
      if (last?.marked) last.text += term;
      else segments.push({ text: term, marked: true });
      i += term.length;
    } else {
      plain += sentence[i];
      i += 1;
    }
  }
  if (plain) segments.push({ text: plain, marked: false });
  return segments;
}
