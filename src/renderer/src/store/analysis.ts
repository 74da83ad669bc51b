// The live compile's result (diagnostics, marks, pending count); recomputed after edits.
import type { StateCreator } from 'zustand';
import { EMPTY_ANALYSIS, type Analysis } from '../graph/analysis';

export interface AnalysisSlice {
  analysis: Analysis;
  /** The document version the analysis belongs to. */
  analysedVersion: number;
  setAnalysis(a: Analysis, version: number): void;
}

export const createAnalysisSlice: StateCreator<AnalysisSlice, [], [], AnalysisSlice> = (set) => ({
  analysis: EMPTY_ANALYSIS,
  analysedVersion: -1,
  setAnalysis: (analysis, analysedVersion) => set({ analysis, analysedVersion }),
});
