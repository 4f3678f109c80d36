'use client';
/**
 * Public entry of the editor: lazily loaded Monaco components. Import from here, never from
 * ./code-editor or ./monaco-setup directly, so Monaco stays out of pages that don't open it.
 *
 *   <CodeEditor language="yaml" value={text} onChange={setText} schema={ingressEditorSchema}
 *               fieldErrors={[{ field: 'spec.rules[0].host', message: '...' }]} ariaLabel="Route YAML" />
 *   <DiffEditor language="yaml" original={serverText} modified={myText} onModifiedChange={setMyText} />
 */
import dynamic from 'next/dynamic';
import { EditorLoadingPlaceholder } from './loading';

export const CodeEditor = dynamic(() => import('./code-editor'), { ssr: false, loading: EditorLoadingPlaceholder });
export const DiffEditor = dynamic(() => import('./diff-editor'), { ssr: false, loading: EditorLoadingPlaceholder });

export type { CodeEditorProps, EditorFieldError } from './code-editor';
export type { DiffEditorProps } from './diff-editor';
export type { EditorSchema } from './monaco-setup';
export { manifestToText, parseManifest, locateField, type ManifestLanguage, type ParseResult } from './manifest-text';
