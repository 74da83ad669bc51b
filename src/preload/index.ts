// Preload: exposes the small typed API of src/shared/ipc.ts, nothing else (never ipcRenderer).
import { contextBridge, ipcRenderer } from 'electron';
import { IPC_CHANNELS, type ConnectionInfo, type F8DesktopApi, type OpenedGraphFile, type SaveGraphRequest, type SavedGraphFile } from '../shared/ipc.js';

const api: F8DesktopApi = {
  connectionInfo: () => ipcRenderer.invoke(IPC_CHANNELS.connectionInfo) as Promise<ConnectionInfo>,
  openGraph: () => ipcRenderer.invoke(IPC_CHANNELS.openGraph) as Promise<OpenedGraphFile | null>,
  saveGraph: (req: SaveGraphRequest) => ipcRenderer.invoke(IPC_CHANNELS.saveGraph, { ...(req.path ? { path: req.path } : {}), name: req.name, text: req.text }) as Promise<SavedGraphFile | null>,
};

contextBridge.exposeInMainWorld('f8', api);
