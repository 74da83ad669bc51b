// screen: the displays a window may be placed on. One 1920x1080 display unless
// F8_STANDIN_DISPLAYS lists others ("x,y,width,height;..."); the work area is the whole display
// (no task bar), the scale factor 1.
import { EventEmitter } from 'node:events';
import { guard } from './honesty.mjs';

function displays() {
  const spec = process.env.F8_STANDIN_DISPLAYS || '0,0,1920,1080';
  return spec.split(';').map((part, i) => {
    const [x, y, width, height] = part.split(',').map(Number);
    const bounds = { x, y, width, height };
    return {
      id: i + 1,
      label: `Display ${i + 1}`,
      bounds,
      workArea: { ...bounds },
      size: { width, height },
      workAreaSize: { width, height },
      scaleFactor: 1,
      rotation: 0,
      internal: i === 0,
      monochrome: false,
      colorDepth: 24,
      colorSpace: 'srgb',
      depthPerComponent: 8,
      displayFrequency: 60,
      touchSupport: 'unknown',
      accelerometerSupport: 'unknown',
      detected: true,
    };
  });
}

function contains(d, p) {
  const b = d.bounds;
  return p.x >= b.x && p.y >= b.y && p.x < b.x + b.width && p.y < b.y + b.height;
}

class ScreenImpl extends EventEmitter {
  getAllDisplays() {
    return displays();
  }
  getPrimaryDisplay() {
    return displays()[0];
  }
  getDisplayNearestPoint(point) {
    const all = displays();
    return all.find((d) => contains(d, point)) ?? all[0];
  }
  getDisplayMatching(rect) {
    return this.getDisplayNearestPoint({ x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 });
  }
  getCursorScreenPoint() {
    return { x: 0, y: 0 };
  }
}

export const screen = guard(new ScreenImpl(), 'screen');
