import { z } from 'zod';
import { pageOf } from './common.schema';
import { SubprofileResponse } from './collections.schema';
import { ImportRejectionResponse } from './imports.schema';
import { DestinationResponse } from './mailings';
import { ProfileResponse } from './profiles.schema';
import { ErrorEventResponse } from './reports.schema';

// The paged lists the API answers with, named so OpenAPI and the admin app refer to one shape.
export const ProfilesPageResponse = pageOf(ProfileResponse);
export type ProfilesPageResponse = z.infer<typeof ProfilesPageResponse>;
export const SubprofilesPageResponse = pageOf(SubprofileResponse);
export type SubprofilesPageResponse = z.infer<typeof SubprofilesPageResponse>;
export const DestinationsPageResponse = pageOf(DestinationResponse);
export type DestinationsPageResponse = z.infer<typeof DestinationsPageResponse>;
export const ImportRejectionsPageResponse = pageOf(ImportRejectionResponse);
export type ImportRejectionsPageResponse = z.infer<typeof ImportRejectionsPageResponse>;
export const ErrorEventsPageResponse = pageOf(ErrorEventResponse);
export type ErrorEventsPageResponse = z.infer<typeof ErrorEventsPageResponse>;

/** A selection's preview: profiles, or subprofiles for a selection over a collection. */
export const SelectionPreviewResponse = z.union([ProfilesPageResponse, SubprofilesPageResponse]);
export type SelectionPreviewResponse = z.infer<typeof SelectionPreviewResponse>;
