// Example graphs shipped with the editor (examples/ of the repository, bundled).
import demo from '../../../../examples/demo.json';

export interface Example {
  id: string;
  title: string;
  fileName: string;
  text: string;
}

export const EXAMPLES: Example[] = [{ id: 'demo', title: (demo as { name?: string }).name ?? 'Demo', fileName: 'demo.json', text: JSON.stringify(demo) }];
