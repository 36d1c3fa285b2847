import type { z } from 'zod';
import type { TIERS } from '@api/http/rate-limit.ts';
import type { CreateBody } from '@api/service/create-options.ts';
import type { CreatedRequest } from '@api/service/create-request.ts';
import type {
  presentAccount,
  presentClipAsset,
  presentListItem,
  presentMusic,
  presentRequest,
  presentStatus,
  presentTemplate,
} from '@api/service/present.ts';

// The API's shapes, taken from the server's own schemas and presenters (type-only: nothing of the server is bundled).

export type CreateInput = z.input<typeof CreateBody>;
export type { CreatedRequest };
export type RequestStatus = ReturnType<typeof presentStatus>;
export type RequestDetail = Awaited<ReturnType<typeof presentRequest>>;
export type Short = RequestDetail['shorts'][number];
export type ListItem = ReturnType<typeof presentListItem>;
export type Account = ReturnType<typeof presentAccount<(typeof TIERS)[string]>>;
export type Template = ReturnType<typeof presentTemplate>;
export type Music = ReturnType<typeof presentMusic>;
export type ClipAsset = ReturnType<typeof presentClipAsset>;
export type Pagination = { page: number; limit: number; totalPages: number; totalCount: number };
export type Status = RequestStatus['status'];
