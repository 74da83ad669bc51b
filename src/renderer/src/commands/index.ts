// Registers every command (one file each) and exports the registry.
import './undo';
import './redo';
import './delete';
import './select-all';
import './copy';
import './paste';
import './duplicate';
import './nudge';
import './fit-view';
import './quick-add';
import './auto-layout';
import './deploy';
import './stop-all';
import './live-mode';
import './revert';
import './plot-port';
import './take-over';
import './new-graph';
import './open';
import './save';
import './save-as';
import './open-example';
import './open-recent';

export * from './registry';
