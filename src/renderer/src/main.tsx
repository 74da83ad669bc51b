import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { installValidators } from '../../shared/schemas';
import { validators } from './generated/validators.js';

// Precompiled: the CSP forbids the `new Function` that ajv would use to compile at run time.
installValidators(validators);

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
