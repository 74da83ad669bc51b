// nodeTypes at module scope (React Flow re-mounts every node when this object changes).
import type { NodeTypes } from '@xyflow/react';
import { ContainerNode } from './Container';
import { EditorNode } from './EditorNode';
import { NodeCard } from './NodeCard';

export const nodeTypes: NodeTypes = {
  service: NodeCard,
  operator: NodeCard,
  engine: ContainerNode,
  container: ContainerNode,
  editor: EditorNode,
};
