import { render } from 'preact';
import '../ui/recital.css';
import './document.css';
import { DocumentApp } from './document-app';
import { readDocument } from './read-document';

render(<DocumentApp load={readDocument} />, document.getElementById('app') as HTMLElement);
