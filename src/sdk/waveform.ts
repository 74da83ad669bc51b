// The periodic waveforms of the project's signal sources: the signal service and the engine's
// oscillator operator both draw from here, so a "triangle" is the same shape everywhere. Pure
// (no node:*, no NATS): the engine's runtime imports this module directly, not the SDK index.

export const WAVEFORMS = ['sine', 'square', 'saw', 'triangle'] as const;
export type Waveform = (typeof WAVEFORMS)[number];

/**
 * The value in [-1, 1] of a waveform at `phase` cycles (only the fraction counts), period 1:
 * sine = sin(2*pi*p); square = 1 for p < 0.5 else -1; saw rises -1..1; triangle -1..1..-1,
 * -1 at p = 0 and 1 at p = 0.5. An unknown name is a sine.
 */
export function waveform(shape: string, phase: number): number {
  const p = phase - Math.floor(phase);
  switch (shape) {
    case 'square':
      return p < 0.5 ? 1 : -1;
    case 'saw':
      return 2 * p - 1;
    case 'triangle':
      return p < 0.5 ? 4 * p - 1 : 3 - 4 * p;
    default:
      return Math.sin(2 * Math.PI * p);
  }
}
