import { render } from 'preact';
import '../ui/recital.css';
import './welcome.css';
import { WelcomeApp } from './welcome-app';

render(<WelcomeApp />, document.getElementById('app') as HTMLElement);
