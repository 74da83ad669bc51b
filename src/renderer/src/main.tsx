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

// The CSP forbids the `new Function` ajv would use: fixed schemas are precompiled, ad-hoc value
// schemas (state fields, command params) are interpreted.
installValidators(validators);
installValueValidator(interpretingValidator);

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><EditorProvider><App /></EditorProvider></StrictMode>);
