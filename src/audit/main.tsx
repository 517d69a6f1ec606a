import { render } from 'preact';
import '../ui/recital.css';
import '../ui/kind-badge.css';
import './audit.css';
import { openLibraryStore } from '../library/store/index';
import { AuditApp } from './audit-app';

render(<AuditApp openStore={openLibraryStore} />, document.getElementById('app') as HTMLElement);
