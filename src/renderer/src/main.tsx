import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './app/theme.css';
import './app/live.css';
import './app/simple.css';
import 'uplot/dist/uPlot.min.css';
import { installValidators, installValueValidator } from '../../shared/schemas';
import { interpretingValidator } from '../../shared/value-validator';
import { validators } from './generated/validators.js';
import { App } from './app/App';
import { EditorProvider } from './store/context';
import { createEditor } from './store/editor';
import { workersBusy } from './workers/client';

// The CSP forbids the `new Function` ajv would use: fixed schemas are precompiled, ad-hoc value
// schemas (state fields, command params) are interpreted.
installValidators(validators);
installValueValidator(interpretingValidator);

// The editor of this mount of the app, made here so that devtools and the e2e tests reach it too.
const editor = createEditor();

// A read-only window into the document for devtools and tests: `f8studio.graph()`, and
// `f8studio.busy()` while a worker (layout, compile) is still working.
(window as unknown as { f8studio: unknown }).f8studio = Object.freeze({ graph: () => structuredClone(editor.store.getState().graph), busy: workersBusy });

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <EditorProvider editor={editor}>
        <App />
      </EditorProvider>
    </StrictMode>,
  );
