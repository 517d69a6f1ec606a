import { render } from 'preact';
import '../ui/recital.css';
import '../ui/kind-badge.css';
import '../ui/popup.css';
import { PopupApp } from './popup-app';

render(<PopupApp />, document.getElementById('app') as HTMLElement);
