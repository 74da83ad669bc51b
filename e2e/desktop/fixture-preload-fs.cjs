// A preload that a sandboxed Electron refuses: it requires 'fs' (module not found: fs).
/* eslint-disable @typescript-eslint/no-require-imports -- a sandboxed preload loads with require */
'use strict';
const fs = require('fs');
const { contextBridge } = require('electron');

contextBridge.exposeInMainWorld('badApi', { hostname: () => fs.readFileSync('/etc/hostname', 'utf8') });
