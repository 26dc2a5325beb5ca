/** The gateway's routes table: `/api/v1/<area>` (and `gateway` for the WebSocket) to upstream URLs. */
export interface GatewayRoute {
  area: string;
  upstream: string;
}

export function parseGatewayRoutes(value: string | undefined): GatewayRoute[] {
  if (!value) return [];
  return value.split(',').map((pair) => {
    const [area, upstream] = pair.split('=') as [string, string];
    return { area, upstream: upstream.replace(/\/$/, '') };
  });
}
