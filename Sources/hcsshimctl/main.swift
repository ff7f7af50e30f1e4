import HCSShim
