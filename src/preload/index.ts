// Preload: exposes the small typed API of src/shared/ipc.ts, nothing else (never ipcRenderer).
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, type ConnectionInfo, type F8DesktopApi } from '../shared/ipc.js';

const api: F8DesktopApi = {
  connectionInfo: () => ipcRenderer.invoke(IPC_CHANNELS.connectionInfo) as Promise<ConnectionInfo>,
};

contextBridge.exposeInMainWorld('f8', api);
