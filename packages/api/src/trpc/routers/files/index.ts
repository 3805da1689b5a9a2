import { router } from '../../init.ts';
import { complete, downloadUrl, requestUpload } from './procedures.ts';

export const filesRouter = router({ requestUpload, complete, downloadUrl });
