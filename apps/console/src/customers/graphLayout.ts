/**
 * A star layout for the identity graph: the customer in the middle, its channels on an inner ring and their
 * identities beyond them on the left, the profiles merged into it or split from it on the right. Pure, so that it is
 * table-tested; the picture grows taller with more nodes instead of crowding them.
 */

export interface GraphInput {
  /** The customer's identities, each with the channel it came through. */
  identities: { id: string; channelId: string }[];
  /** The profiles of its lineage, in the order they are listed (newest first). */
  profiles: { id: string }[];
}

export interface Point {
  x: number;
  y: number;
}

export interface GraphLayout {
  width: number;
  height: number;
  center: Point;
  channels: Map<string, Point>;
  identities: Map<string, Point>;
  profiles: Map<string, Point>;
}

export const GRAPH_WIDTH = 860;
/** Vertical room per node on the outer rings: room for two lines of 12px labels. */
const ROW = 34;
const MIN_HEIGHT = 260;
/** The arcs, in degrees from the positive x axis (y grows downwards): identities left, profiles right. */
const LEFT_ARC: [number, number] = [110, 250];
const RIGHT_ARC: [number, number] = [-65, 65];

/** `count` angles spread evenly across the arc, in radians; one sits in its middle. */
export function spread(count: number, [from, to]: [number, number]): number[] {
  const radians = (degrees: number): number => (degrees * Math.PI) / 180;
  if (count === 1) return [radians((from + to) / 2)];
  const step = (to - from) / count;
  return Array.from({ length: count }, (_, index) => radians(from + step * (index + 0.5)));
}

export function layoutGraph({ identities, profiles }: GraphInput): GraphLayout {
  const rows = Math.max(identities.length, profiles.length);
  const height = Math.max(MIN_HEIGHT, rows * ROW + 60);
  const center = { x: GRAPH_WIDTH / 2, y: height / 2 };
  // Labels of the outer nodes run outwards: leave them room at the sides.
  const outer = { rx: GRAPH_WIDTH / 2 - 220, ry: height / 2 - 30 };
  // Channels sit halfway out but keep most of the height, so that two of them leave room for their labels.
  const inner = { rx: outer.rx * 0.5, ry: outer.ry * 0.8 };
  const at = (angle: number, radius: { rx: number; ry: number }): Point => ({
    x: Math.round(center.x + radius.rx * Math.cos(angle)),
    y: Math.round(center.y + radius.ry * Math.sin(angle)),
  });

  // Identities of one channel sit next to each other, so that their channel can sit between them.
  const order = [...identities].sort((a, b) => a.channelId.localeCompare(b.channelId));
  const identityAngles = spread(order.length, LEFT_ARC);
  const identityPoints = new Map<string, Point>();
  const channelAngles = new Map<string, number[]>();
  order.forEach((identity, index) => {
    identityPoints.set(identity.id, at(identityAngles[index], outer));
    channelAngles.set(identity.channelId, [...(channelAngles.get(identity.channelId) ?? []), identityAngles[index]]);
  });
  const channels = new Map<string, Point>();
  for (const [channelId, angles] of channelAngles) {
    channels.set(channelId, at(angles.reduce((sum, angle) => sum + angle, 0) / angles.length, inner));
  }

  const profileAngles = spread(profiles.length, RIGHT_ARC);
  const profilePoints = new Map(profiles.map((profile, index) => [profile.id, at(profileAngles[index], outer)]));
  return { width: GRAPH_WIDTH, height, center, channels, identities: identityPoints, profiles: profilePoints };
}
